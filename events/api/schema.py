"""OpenAPI extras: the common error responses, and example values for the docs.

The example slugs are the ones ``tests/api`` creates before the schemathesis
run, so that generated requests also reach rows that exist.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter

from scheduler.converters import TOKEN_PATTERN  # noqa: F401  (the API's token lookups)

EXAMPLE_VENUE = "stadhuis-utrecht"
EXAMPLE_SERIES = "geringste-aanwijzing"
EXAMPLE_TOUR = "open-je-ogen"
EXAMPLE_KIT = "set-a"
EXAMPLE_STOP = "open-je-ogen-utrecht"
EXAMPLE_MEETING = "geringste-aanwijzing-utrecht"
EXAMPLE_TOKEN = "Xx3B1f9q0Qm6h2kYv8r4Tz7uWc5dEa1gHj0LpNs2Ko4"

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error answer has this shape.",
    "properties": {
        "detail": {"type": "string", "description": "A sentence for people, translated."},
        "code": {
            "type": "string",
            "description": "A stable code for programs: invalid, not_authenticated, "
            "permission_denied, not_found, throttled, full, duplicate, closed, ...",
        },
        "errors": {
            "type": "object",
            "description": "Messages per field (nested fields joined with dots); "
            "errors not tied to a field under non_field_errors.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail", "code", "errors"],
}

ERROR_DESCRIPTIONS = {
    "400": "Bad input: `errors` says what is wrong with which field.",
    "401": "Not signed in, or an unknown API token.",
    "403": "Signed in, but not allowed to do this.",
    "404": "Not found, or not visible to the caller (drafts, private series).",
    "406": "None of the formats in the Accept header (or ?format=) can be served.",
    "409": "The state of the data refuses the request (meeting full, already registered...).",
    "415": "The body is not JSON.",
    "429": "Too many requests from this address; retry after `Retry-After` seconds.",
}


def _error_response(code: str) -> dict:
    return {
        "description": ERROR_DESCRIPTIONS[code],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def add_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing hook: document the errors every operation can give."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            codes = ["400", "401", "403", "404", "406"]
            if "requestBody" in operation:
                codes.append("415")
            for code in codes:
                responses.setdefault(code, _error_response(code))
            for code, response in responses.items():
                # Responses declared with the Error serializer in views get the shared text too.
                if code in ERROR_DESCRIPTIONS and not response.get("description"):
                    response["description"] = ERROR_DESCRIPTIONS[code]
            if method == "delete" and "200" not in responses and "204" not in responses:
                responses["204"] = {"description": "Done."}
    return result


def slug_parameter(what: str, example: str) -> OpenApiParameter:
    return OpenApiParameter(
        "slug",
        str,
        OpenApiParameter.PATH,
        description=f"The slug of the {what}.",
        examples=[OpenApiExample(what, value=example)],
    )
