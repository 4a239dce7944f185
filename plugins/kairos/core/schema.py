"""The JSON Schemas of a story's (:class:`~kairos.core.story.Story`) and a collection's
(:class:`~kairos.core.collection.Collection`) front-matter, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Draft 2020-12 schema for editors' tools (VS Code's YAML extension reads it)."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}


def json_schema_text(model: type[BaseModel]) -> str:
    return json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n"
