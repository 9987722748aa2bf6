"""Who may do what, by role (jobs.roles). Each class is named for whom it admits.

An anonymous request is refused with 401 (DRF does this when a permission fails and no
authenticator succeeded); a signed-in user whose role is too low gets 403.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from jobs.roles import ADMIN, OPERATOR, VIEWER, has_role, role_of

NO_ROLE = "Your account has no role. Ask an admin to add you to viewer, operator or admin."


class RolePermission(BasePermission):
    message = "You do not have permission to perform this action."

    def admits(self, request: Request, needed: str) -> bool:
        """Whether the user has at least the role ``needed``; if not, the 403 says why."""
        if request.user.is_authenticated and role_of(request.user) is None:
            self.message = NO_ROLE
        elif needed != VIEWER:
            self.message = f"This needs the {needed} role."
        return has_role(request.user, needed)


class IsViewer(RolePermission):
    """Any role: viewers, operators and admins."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return self.admits(request, VIEWER)


class IsOperatorOrReadOnly(RolePermission):
    """Reads for every role; writes for operators and admins."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return self.admits(request, VIEWER if request.method in SAFE_METHODS else OPERATOR)


class IsAdminToDelete(RolePermission):
    """Deleting only for admins: DELETE, and a bulk action "delete". Anything else is
    left to the other permissions."""

    def has_permission(self, request: Request, view: Any) -> bool:
        deletes = request.method == "DELETE" or (
            getattr(view, "action", None) == "bulk"
            and isinstance(request.data, dict)
            and request.data.get("action") == "delete"
        )
        return not deletes or self.admits(request, ADMIN)
