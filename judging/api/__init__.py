"""Judging API: thin views that parse, check the role, call one service or selector and
serialize. Errors are domain errors mapped by `core.api.exception_handler`."""
