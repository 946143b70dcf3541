"""Every error answer is an `ApiError` with a Chinese message; validation errors become 400 "invalid"."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from workstation.domain.models import ApiError, ErrorCode
from workstation.domain.validation import field_message

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
