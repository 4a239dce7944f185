"""The JSON Schemas of a story's and a collection's front-matter, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from kairos.core.collection import Collection
from kairos.core.story import Story


def _json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Draft 2020-12 schema for editors' tools (VS Code's YAML extension reads it)."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}


def story_json_schema() -> dict[str, Any]:
    return _json_schema(Story)


def story_json_schema_text() -> str:
    return json.dumps(story_json_schema(), indent=2, ensure_ascii=False) + "\n"


def collection_json_schema() -> dict[str, Any]:
    return _json_schema(Collection)


def collection_json_schema_text() -> str:
    return json.dumps(collection_json_schema(), indent=2, ensure_ascii=False) + "\n"
