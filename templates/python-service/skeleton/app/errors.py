"""Errors as `{"error": {"message": ...}}`: 4xx with their message, anything else a 500."""

import logging

from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)


def error_response(status, message):
    return {"error": {"message": message}}, status


def init_app(app):
    @app.errorhandler(HTTPException)
    def http_error(error):
        return error_response(error.code, error.description)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        logger.exception("request failed")
        return error_response(500, "Internal server error")
