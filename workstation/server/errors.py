"""Every error answer is an `ApiError` with a Chinese message; validation errors become 400 "invalid"."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from workstation.domain.models import ApiError, ErrorCode

UNAUTHORIZED_MESSAGE = "登录已过期，请重新登录"


class ApiProblem(Exception):
    """Raised anywhere in the server to answer with an ApiError."""

    def __init__(self, status: int, code: ErrorCode, message: str, *,
                 params: dict[str, Any] | None = None, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.error = ApiError(code=code, message=message, params=params or {}, fields=fields or {})


def invalid(fields: dict[str, str], message: str = "提交的内容有误，请检查标出的项目") -> ApiProblem:
    return ApiProblem(400, ErrorCode.INVALID, message, fields=fields)


def not_found(message: str = "找不到该案卷") -> ApiProblem:
    return ApiProblem(404, ErrorCode.NOT_FOUND, message)


def unauthorized(message: str = UNAUTHORIZED_MESSAGE) -> ApiProblem:
    return ApiProblem(401, ErrorCode.UNAUTHORIZED, message)


def forbidden(message: str = "您的岗位无权进行此操作") -> ApiProblem:
    return ApiProblem(403, ErrorCode.FORBIDDEN, message)


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
    "bool_type": "应为是或否",
    "bool_parsing": "应为是或否",
    "enum": "取值无效，可选：{expected}",
    "literal_error": "取值无效，可选：{expected}",
    "datetime_type": "应为日期时间",
    "datetime_parsing": "日期时间格式无效",
    "datetime_from_date_parsing": "日期时间格式无效",
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


def field_message(error: dict[str, Any]) -> str:
    """A Chinese sentence for one pydantic error."""
    template = _MESSAGES.get(str(error.get("type")), "取值无效")
    context = error.get("ctx") or {}
    if error.get("type") == "string_too_short" and context.get("min_length", 1) > 1:
        template = "至少 {min_length} 个字"
    try:
        return template.format(**{key: _plain(value) for key, value in context.items()})
    except (KeyError, IndexError):
        return template


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _field_path(location: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in location)


def _answer(status: int, error: ApiError, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error.model_dump(mode="json"), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn exceptions into ApiError answers."""

    @app.exception_handler(ApiProblem)
    async def _problem(_request: Request, problem: ApiProblem) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if problem.status == 401 else None
        return _answer(problem.status, problem.error, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, error: RequestValidationError) -> JSONResponse:
        fields: dict[str, str] = {}
        for item in error.errors():
            fields.setdefault(_field_path(item.get("loc", ())), field_message(item))
        return _answer(400, invalid(fields).error)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 404:
            body = ApiError(code=ErrorCode.NOT_FOUND, message="请求的地址不存在")
        elif error.status_code == 405:
            body = ApiError(code=ErrorCode.NOT_ALLOWED, message="不支持此请求方法")
        elif error.status_code == 401:
            body = ApiError(code=ErrorCode.UNAUTHORIZED, message=UNAUTHORIZED_MESSAGE)
        elif error.status_code == 403:
            body = ApiError(code=ErrorCode.FORBIDDEN, message="无权访问")
        else:
            body = ApiError(code=ErrorCode.INVALID, message=str(error.detail))
        return _answer(error.status_code, body, getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(_request: Request, _error: Exception) -> JSONResponse:
        # Logged by uvicorn/starlette; the seat sees a calm sentence, not a traceback.
        return JSONResponse({"code": "internal", "message": "服务器内部错误，请稍后重试", "params": {},
                             "fields": {}}, status_code=500)
