"""The JSON API (django-ninja): each app adds its router here."""

from ninja import NinjaAPI

api = NinjaAPI(title="Labor bureau platform API", version="1", urls_namespace="api")
