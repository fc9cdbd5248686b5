"""The territory blueprint, shared by the public pages (views.py) and the administrator screens (admin_views.py)."""

from flask import Blueprint

bp = Blueprint("territory", __name__)
