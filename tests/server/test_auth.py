"""Signing in, and what happens without a valid token."""

from __future__ import annotations

import httpx

from tests.helpers.server import ServerProcess


def test_demo_seat_signs_in_and_sees_itself(server: ServerProcess) -> None:
    answer = httpx.post(f"{server.url}/api/v1/auth/login", json={"username": "seat01", "password": "demo"})
    assert answer.status_code == 200
    token = answer.json()
    assert token["user"] == {"id": "seat01", "name": "张敏", "roles": ["acceptor", "dispatcher"],
                             "department_id": None}
    me = httpx.get(f"{server.url}/api/v1/me", headers={"Authorization": f"Bearer {token['token']}"})
    assert me.json()["name"] == "张敏"


def test_wrong_password_is_refused_in_chinese(server: ServerProcess) -> None:
    for username, password in (("seat01", "wrong"), ("nobody", "demo")):
        answer = httpx.post(f"{server.url}/api/v1/auth/login",
                            json={"username": username, "password": password})
        assert answer.status_code == 401
        assert answer.json()["code"] == "unauthorized"
        assert answer.json()["message"] == "用户名或密码错误"


def test_requests_without_a_valid_token_are_told_to_sign_in_again(server: ServerProcess) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp5"}):
        for path in ("/me", "/cases", "/reference", "/events"):
            answer = httpx.get(f"{server.url}/api/v1{path}", headers=headers)
            assert answer.status_code == 401, path
            assert answer.json() == {"code": "unauthorized", "message": "登录已过期，请重新登录",
                                     "params": {}, "fields": {}}


def test_health_names_the_database(server: ServerProcess) -> None:
    answer = httpx.get(f"{server.url}/api/v1/health")
    expected = "sqlite" if server.db_url.startswith("sqlite") else "postgresql"
    assert answer.json() == {"status": "ok", "db": expected}
