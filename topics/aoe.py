"""Anywhere on Earth (UTC−12): the zone every deadline is entered and shown in."""

from datetime import datetime, timedelta, timezone

AOE = timezone(timedelta(hours=-12), "AoE")


def aoe_format(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(AOE).strftime("%a %d %b %Y, %H:%M AoE")
