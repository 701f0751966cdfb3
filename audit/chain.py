"""Pure hashing of audit events: canonical content and the HMAC link."""

import hashlib
import hmac
import json
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder

GENESIS_HASH = "0" * 64


def normalise(data) -> dict:
    """JSON-safe copy (Decimals and dates as strings), so what is stored is what was hashed."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def canonical_content(*, seq, created_at, actor_id, actor_label, action, object_type,
                      object_id, data, reason, stream="global") -> bytes:
    """The hashed bytes. The stream is part of them (an event cannot be moved to another
    stream), except for the global stream, whose events predate streams and keep their
    hashes."""
    payload = {
        "seq": seq,
        "created_at": created_at.astimezone(UTC).isoformat(),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "data": data,
        "reason": reason,
    }
    if stream != "global":
        payload["stream"] = stream
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def link_hash(key: str, content: bytes, prev_hash: str) -> str:
    return hmac.new(key.encode(), content + prev_hash.encode(), hashlib.sha256).hexdigest()
