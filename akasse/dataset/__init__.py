"""The dataset: a folder of Parquet tables in one documented schema (``schema.yaml``, rendered
as docs/data.md). The simulator writes it, the case database exports and loads it, and the
statistics and the profiling tool read it; this package is the one place that knows its shape."""
