"""`python -m workstation.server.openapi`: write the OpenAPI document to resources/openapi.json.

The copy in `resources/` is what client authors read; a test fails when the served document
differs from it, so regenerate and commit it with every API change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from workstation.resources import resource_root


def document() -> dict[str, Any]:
    from workstation.server.app import create_app

    return create_app(None, background=False).openapi()


def render(spec: dict[str, Any]) -> str:
    return json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else resource_root() / "openapi.json"
    path.write_text(render(document()), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
