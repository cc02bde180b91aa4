"""The Slack Web API client: the app's, and the one commands build from the environment."""

from __future__ import annotations

import os

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot import settings
from bot.settings import Settings, SettingsError


def web_client(chosen: Settings) -> WebClient:
    """A Web API client that retries HTTP 429 after Slack's Retry-After (twice at most)."""
    client = WebClient(token=chosen.bot_token, base_url=chosen.api_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    return client


def slack_client(required: bool = True) -> WebClient | None:
    """A Web API client from SLACK_BOT_TOKEN (and SLACK_API_URL); None when not set."""
    settings.load_env_file()
    token = os.environ.get(settings.BOT_TOKEN, "").strip()
    if not token:
        if required:
            raise SettingsError(f"missing {settings.BOT_TOKEN}: set it to post to Slack")
        return None
    api_url = os.environ.get(settings.API_URL, "").strip() or settings.DEFAULT_API_URL
    api_url = api_url if api_url.endswith("/") else api_url + "/"
    return web_client(Settings(bot_token=token, api_url=api_url))
