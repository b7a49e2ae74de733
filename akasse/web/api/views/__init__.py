"""The API's operations, one module a resource."""
