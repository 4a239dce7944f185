"""The JSON Schema of a story's front-matter, generated from the model."""

from __future__ import annotations

import json
from typing import Any

from kairos.core.collection import Collection
from kairos.core.story import Story


def story_json_schema() -> dict[str, Any]:
    """Draft 2020-12 schema for editors' tools (VS Code's YAML extension reads it)."""
    schema = Story.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def story_json_schema_text() -> str:
    return json.dumps(story_json_schema(), indent=2, ensure_ascii=False) + "\n"


def collection_json_schema() -> dict[str, Any]:
    """Draft 2020-12 schema of a teaching collection's front-matter."""
    schema = Collection.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def collection_json_schema_text() -> str:
    return json.dumps(collection_json_schema(), indent=2, ensure_ascii=False) + "\n"
