"""Chinese messages for pydantic validation errors (校验提示), shared by the server's 400 answers and
the channel checks at intake, so a seat reads the same sentence wherever a field is wrong."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

_QUOTED = re.compile(r"'([^']*)'")
_MESSAGES = {
    "missing": "不能为空",
    "string_too_short": "不能为空",
    "string_too_long": "内容过长（最多 {max_length} 个字）",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为数字",
    "bool_type": "应为是或否",
    "bool_parsing": "应为是或否",
    "enum": "取值无效，可选：{expected}",
    "literal_error": "取值无效，可选：{expected}",
    "datetime_type": "应为日期时间",
    "datetime_parsing": "日期时间格式无效",
    "datetime_from_date_parsing": "日期时间格式无效",
    "date_type": "应为日期",
    "date_parsing": "日期格式无效",
    "date_from_datetime_parsing": "日期格式无效",
    "date_from_datetime_inexact": "应为日期（不含时间）",
    "timezone_aware": "日期时间需带时区",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "string_pattern_mismatch": "格式不正确",
    "extra_forbidden": "不允许的字段",
    "json_invalid": "不是有效的 JSON",
    "model_type": "格式不正确",
    "model_attributes_type": "格式不正确",
    "dict_type": "格式不正确",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
}


def field_message(error: Mapping[str, Any]) -> str:
    """A Chinese sentence for one pydantic error (an item of `ValidationError.errors()`)."""
    template = _MESSAGES.get(str(error.get("type")), "取值无效")
    context = error.get("ctx") or {}
    if error.get("type") == "string_too_short" and context.get("min_length", 1) > 1:
        template = "至少 {min_length} 个字"
    values = {key: _plain(value) for key, value in context.items()}
    if "expected" in values:  # pydantic writes "'12345' or '12319'": the seat reads "12345、12319"
        values["expected"] = "、".join(_QUOTED.findall(values["expected"])) or values["expected"]
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


def field_errors(error: ValidationError, prefix: str = "") -> dict[str, str]:
    """Field path → Chinese message for every field of `error`, e.g. {"details.device_id": "不能为空"}.

    Paths are dotted (list items by index: "attachments.0.name") and start with `prefix`
    ("details."); a field with several problems keeps the first message."""
    fields: dict[str, str] = {}
    for item in error.errors():
        path = ".".join(str(part) for part in item.get("loc", ()))
        fields.setdefault(prefix + path if path else prefix.rstrip(".") or "body", field_message(item))
    return fields


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
