"""Webhooks in the API: admins' subscriptions, their delivery logs, and the events receivers are sent."""
