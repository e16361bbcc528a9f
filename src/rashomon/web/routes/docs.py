"""The API's description: ``/openapi.json`` and ``/docs``, a page of it without script or CDN."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from ..deps import require_read_page
from ..render import render

pages = APIRouter(dependencies=[Depends(require_read_page)], include_in_schema=False)


@pages.get("/openapi.json")
def openapi_json(request: Request) -> dict[str, Any]:
    return request.app.openapi()


@pages.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> Response:
    """The OpenAPI description as a page: no script, nothing from a CDN."""
    schema = request.app.openapi()
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            operations.append({
                "method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                "description": p.get("description", ""),
                                "type": schema_type(resolved(schema, p.get("schema", {})))}
                               for p in operation.get("parameters", [])],
                "responses": sorted(operation.get("responses", {})),
            })
    return render(request, "docs.html", operations=operations, info=schema.get("info", {}),
                  json_url="/openapi.json")


def resolved(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter's schema with a ``$ref`` to a component (an enum) replaced by it."""
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return document.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], schema)
    if "anyOf" in schema:
        return {**schema, "anyOf": [resolved(document, s) for s in schema["anyOf"]]}
    return schema


def schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(schema_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    text = schema.get("type", "")
    if schema.get("format"):
        text += f" ({schema['format']})"
    return text
