"""``document_errors``: every operation of the OpenAPI document names the error answers the handlers can give."""

from ntm.core.api import document_errors, refuses

ERROR = {"$ref": "#/components/schemas/ErrorOut"}


def _document() -> dict:
    return {
        "paths": {
            "/public": {"get": {"responses": {200: {"description": "OK"}}}},
            "/things": {
                "get": {
                    "parameters": [{"name": "year", "in": "query"}],
                    "security": [{"TokenAuth": []}],
                    "responses": {200: {"description": "OK"}},
                    **refuses(404),
                },
                "post": {
                    "requestBody": {},
                    "security": [{"TokenAuth": []}],
                    "responses": {201: {"description": "Created"}, 400: {"description": "own"}},
                },
            },
            "/things/{thing_id}": {
                "get": {"parameters": [{"name": "thing_id", "in": "path"}], "responses": {200: {}}}
            },
        }
    }


def _statuses(document, path, method):
    return sorted(int(status) for status in document["paths"][path][method]["responses"])


def test_each_operation_gets_the_refusals_its_shape_allows():
    document = document_errors(_document())
    assert _statuses(document, "/public", "get") == [200]
    assert _statuses(document, "/things", "get") == [200, 401, 403, 404, 422]
    assert _statuses(document, "/things", "post") == [201, 400, 401, 403, 409, 422]
    assert _statuses(document, "/things/{thing_id}", "get") == [200, 404, 422]


def test_added_answers_use_the_error_shape_and_keep_what_a_route_wrote():
    document = document_errors(_document())
    post = document["paths"]["/things"]["post"]["responses"]
    assert post[400] == {"description": "own"}
    assert post[409]["content"]["application/json"]["schema"] == ERROR
    assert "ErrorOut" in document["components"]["schemas"]
    assert "x-ntm-refuses" not in document["paths"]["/things"]["get"]
