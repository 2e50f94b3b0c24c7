"""Hooks the MCP endpoint (/mcp) and Dify's /retrieval into the app page.launch() builds.

    kwargs = with_integrations(with_api(launch_kwargs(auth, chosen), api), *integration_routes(index, access, chosen, pool))

Their routes join the app's (before Gradio's own, under the same middleware:
body limit, throttling, files refused); the login gate lets them through to
their own access check, as it does /api/*; the MCP session manager runs in
the app's lifespan.
"""
from __future__ import annotations

import contextlib

from starlette.middleware import Middleware

from qa.api import Index, open_index
from qa.settings import Settings
from qa.web.api import WorkerPool
from qa.web.api_access import ApiAccess
from qa.web.dify import Knowledge, dify_routes
from qa.web.gate import SessionRequired
from qa.web.mcp_http import PATH as MCP_PATH
from qa.web.mcp_http import mcp_route


def integration_routes(index: Index, access: ApiAccess, chosen: Settings, pool: WorkerPool):
    """(routes, lifespan, paths that check their own access) of /mcp and /retrieval, over the
    page's own index (a rebuild reaches all three)."""
    route, lifespan = mcp_route(lambda: index, chosen.mcp_max_chars, access, chosen.host, pool.run)

    def opener(folder):
        return open_index(folder, reload=True, settings=chosen)

    knowledge = Knowledge(index, dict(chosen.knowledge), opener)
    dify = dify_routes(knowledge, access, pool, chosen.dify_prefix)
    return [route, *dify], lifespan, (MCP_PATH, *(r.path for r in dify))


def with_integrations(launch_kwargs: dict, routes: list, lifespan, own_access: tuple[str, ...]) -> dict:
    """``launch_kwargs`` with ``routes`` added, ``lifespan`` run, and ``own_access`` let past the login gate."""
    app_kwargs = dict(launch_kwargs.get("app_kwargs") or {})
    app_kwargs["routes"] = list(app_kwargs.get("routes") or []) + list(routes)
    app_kwargs["middleware"] = [Middleware(SessionRequired, *m.args, **{**m.kwargs, "own_access": own_access})
                                if m.cls is SessionRequired else m for m in app_kwargs.get("middleware") or []]
    before = app_kwargs.get("lifespan")

    @contextlib.asynccontextmanager
    async def both(app):
        async with contextlib.AsyncExitStack() as stack:
            if before is not None:
                await stack.enter_async_context(before(app))
            await stack.enter_async_context(lifespan(app))
            yield

    app_kwargs["lifespan"] = both
    return {**launch_kwargs, "app_kwargs": app_kwargs}
