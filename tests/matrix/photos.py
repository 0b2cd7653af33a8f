from tests.matrix import Row, staff_page  # noqa: F401

ROWS: list = []
