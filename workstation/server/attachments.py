"""Attachments of a case: decoded from a report or a command (the photos of a 核实 answer) and stored."""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Sequence

from sqlalchemy.engine import Connection

from workstation.domain.models import AttachmentRef, AttachmentUpload
from workstation.server import db
from workstation.server.errors import invalid

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def decode(uploads: Sequence[AttachmentUpload], field: str) -> list[bytes]:
    """The bytes of each upload; a 400 naming `field.<index>` for bad Base64 or an oversized file."""
    blobs = []
    for index, upload in enumerate(uploads):
        try:
            data = base64.b64decode(upload.data_base64, validate=True)
        except (binascii.Error, ValueError):
            raise invalid({f"{field}.{index}.data_base64": "附件内容不是有效的 Base64"}) from None
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise invalid({f"{field}.{index}.data_base64": "附件过大（最大 10 MB）"})
        blobs.append(data)
    return blobs


def add(connection: Connection, case_id: str, first_position: int, uploads: Sequence[AttachmentUpload],
        blobs: Sequence[bytes]) -> list[AttachmentRef]:
    refs = []
    for offset, (upload, data) in enumerate(zip(uploads, blobs, strict=True)):
        ref = AttachmentRef(id=secrets.token_hex(16), name=upload.name, content_type=upload.content_type,
                            size=len(data))
        connection.execute(db.attachments.insert().values(case_id=case_id, position=first_position + offset,
                                                          data=data, **ref.model_dump()))
        refs.append(ref)
    return refs
