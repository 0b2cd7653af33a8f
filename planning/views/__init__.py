"""Planning views, split by what they act on (plans, items, sessions); each stays thin over selectors/services."""

from planning.views.items import item_add, item_edit, item_remove, item_row, suggestion_apply, template_apply
from planning.views.plans import plan_create_view, plan_detail, plan_edit, plan_list, plan_print, plan_status
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
    "plan_print",
    "plan_status",
    "session_record_view",
    "suggestion_apply",
    "template_apply",
]
