"""Planning views, split by what they act on (plans, items, injection points, sessions); each stays thin over
selectors/services."""

from planning.views.items import item_add, item_edit, item_remove, item_row, suggestion_apply, template_apply
from planning.views.plans import (
    plan_create_view,
    plan_detail,
    plan_edit,
    plan_list,
    plan_pdf,
    plan_print,
    plan_status,
)
from planning.views.points import point_add, point_edit, point_remove
from planning.views.sessions import session_record_view

__all__ = [
    "item_add",
    "item_edit",
    "item_remove",
    "item_row",
    "plan_create_view",
    "plan_detail",
    "plan_edit",
    "plan_list",
    "plan_pdf",
    "plan_print",
    "plan_status",
    "point_add",
    "point_edit",
    "point_remove",
    "session_record_view",
    "suggestion_apply",
    "template_apply",
]
