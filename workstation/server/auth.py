"""Users, passwords (scrypt with a salt per user) and bearer tokens (random, stored hashed, 12 h)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Connection

from workstation.domain.models import ErrorCode, LoginRequest, Role, Token, User
from workstation.server import db
from workstation.server.context import ServerContext, get_context
from workstation.server.errors import ApiProblem, forbidden, unauthorized

TOKEN_LIFETIME = timedelta(hours=12)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_from_row(row: sa.Row[tuple[object, ...]]) -> User:
    return User(id=row.id, name=row.name, roles=tuple(Role(role) for role in row.roles),
                department_id=row.department_id)


def check_password(connection: Connection, username: str, password: str) -> User:
    row = connection.execute(sa.select(db.users).where(db.users.c.id == username)).first()
    if row is None or not verify_password(password, row.password_hash):
        raise ApiProblem(401, ErrorCode.UNAUTHORIZED, "用户名或密码错误")
    return user_from_row(row)


def issue_token(connection: Connection, user: User) -> Token:
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    expires_at = now + TOKEN_LIFETIME
    connection.execute(db.tokens.delete().where(db.tokens.c.expires_at < now))
    connection.execute(db.tokens.insert().values(token_hash=_token_hash(token), user_id=user.id,
                                                 expires_at=expires_at))
    return Token(token=token, expires_at=expires_at, user=user)


def user_for_token(connection: Connection, token: str) -> User | None:
    query = (sa.select(db.users).join(db.tokens, db.tokens.c.user_id == db.users.c.id)
             .where(db.tokens.c.token_hash == _token_hash(token),
                    db.tokens.c.expires_at > datetime.now(UTC)))
    row = connection.execute(query).first()
    return None if row is None else user_from_row(row)


_bearer = HTTPBearer(auto_error=False, description="`POST /api/v1/auth/login` 返回的令牌")


def current_user(
    context: Annotated[ServerContext, Depends(get_context)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """The user behind the bearer token; 401 when it is missing, unknown or expired."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise unauthorized()
    with context.database.read() as connection:
        user = user_for_token(connection, credentials.credentials)
    if user is None:
        raise unauthorized()
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_roles(user: User, roles: Iterable[Role], message: str = "您的岗位无权进行此操作") -> None:
    if not set(roles).intersection(user.roles):
        raise forbidden(message)


router = APIRouter(tags=["auth"])


@router.post("/auth/login", response_model=Token)
def post_login(body: LoginRequest, context: Annotated[ServerContext, Depends(get_context)]) -> Token:
    """登录 (sign in): a bearer token valid for 12 hours."""
    with context.database.read() as connection:
        user = check_password(connection, body.username, body.password)
    with context.database.write() as connection:
        return issue_token(connection, user)


@router.get("/me", response_model=User)
def get_me(user: CurrentUser) -> User:
    return user
