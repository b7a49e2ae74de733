"""The versioned JSON API (``/api/v1/``) for the jobcentres' systems and a fund's member
system: token authentication per organisation with scopes, every read audited, every write
through ``akasse.web.changes.carry_out``, idempotent writes, and an OpenAPI document
(docs/api.md)."""
