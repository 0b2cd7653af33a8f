from clinic.views.core import healthz, home, locked_out  # noqa: F401  (settings and urls name these)
