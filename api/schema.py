"""How the OpenAPI schema describes our token authentication."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, with a personal token from /accounts/tokens/.",
        }


# The bounds the database backend gives integer columns (SQLite's are all 64-bit,
# PostgreSQL's follow the column size): not part of the API's contract.
DATABASE_INTEGER_BOUNDS = {
    -32768, 32767, -2147483648, 2147483647, -9223372036854775808, 9223372036854775807,
}  # fmt: skip


def drop_database_integer_bounds(result, generator, request, public):
    """Postprocessing hook: the same schema whatever database generated it."""

    def clean(node):
        if isinstance(node, dict):
            if node.get("type") == "integer":
                for key in ("maximum", "minimum"):
                    if node.get(key) in DATABASE_INTEGER_BOUNDS:
                        node.pop(key)
                if node.get("format") == "int64":
                    node.pop("format")
            for value in node.values():
                clean(value)
        elif isinstance(node, list):
            for value in node:
                clean(value)

    clean(result)
    return result
