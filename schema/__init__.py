"""The register's GraphQL schema; `schema` is built with the default settings."""

from schema.root import make_schema, schema

__all__ = ["make_schema", "schema"]
