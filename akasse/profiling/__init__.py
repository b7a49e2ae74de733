"""Profiling (profilafklaring): the risk of long-term unemployment, explained in plain Danish,
with a suggested target group and activities; one input to the caseworker's judgement, never
the last word. No Django (docs/profiling.md)."""

from akasse.profiling.encode import FeatureError
from akasse.profiling.groups import Activity, load_catalogue
from akasse.profiling.model import SCHEMA_VERSION, ModelFileError, ProfilingModel, load_model
from akasse.profiling.scoring import Assessment, Factor, score, score_frame
from akasse.profiling.spec import ProfilingError, SpecError, load_parameters, load_spec

__all__ = [
    "SCHEMA_VERSION",
    "Activity",
    "Assessment",
    "Factor",
    "FeatureError",
    "ModelFileError",
    "ProfilingError",
    "ProfilingModel",
    "SpecError",
    "load_catalogue",
    "load_model",
    "load_parameters",
    "load_spec",
    "score",
    "score_frame",
]
