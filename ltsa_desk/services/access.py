"""Who may do what. Roles are checked here, inside the services, not only in the screens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from ltsa_desk.db.models import Role
from ltsa_desk.services.errors import PermissionDenied

#: Roles in increasing power; each role may do everything the roles before it may.
RANK: dict[Role, int] = {Role.OPERATOR: 0, Role.SUPERVISOR: 1, Role.ADMIN: 2}

#: The least role each action needs. An action missing here is refused to everyone.
MINIMUM_ROLE: dict[str, Role] = {
    "view_records": Role.OPERATOR,
    "register_applicant": Role.OPERATOR,
    "update_applicant": Role.OPERATOR,
    "open_application": Role.OPERATOR,
    "reevaluate_application": Role.OPERATOR,
    "record_document": Role.OPERATOR,
    "issue_ticket": Role.OPERATOR,
    "call_ticket": Role.OPERATOR,
    "serve_ticket": Role.OPERATOR,
    "import_applicants": Role.OPERATOR,
    "print_documents": Role.OPERATOR,
    "read_recap": Role.OPERATOR,
    "waive_item": Role.SUPERVISOR,
    "correct_verified_item": Role.SUPERVISOR,
    "reopen_application": Role.SUPERVISOR,
    "read_audit": Role.SUPERVISOR,
    "sync_export": Role.SUPERVISOR,
    "sync_import": Role.SUPERVISOR,
    "resolve_sync_conflict": Role.SUPERVISOR,
    "trust_office_key": Role.SUPERVISOR,
    "close_day": Role.SUPERVISOR,
    "export_handoff": Role.SUPERVISOR,
    "accept_handoff": Role.SUPERVISOR,
    "manage_operators": Role.ADMIN,
    "manage_offices": Role.ADMIN,
    "manage_p3mi": Role.ADMIN,
    "manage_rulesets": Role.ADMIN,
}


@dataclass(frozen=True, slots=True)
class Actor:
    """The operator on whose behalf a service runs, as established at login."""

    operator_id: uuid.UUID
    office_id: uuid.UUID
    office_code: str
    username: str
    full_name: str
    role: Role

    def can(self, action: str) -> bool:
        needed = MINIMUM_ROLE.get(action)
        return needed is not None and RANK[Role(self.role)] >= RANK[needed]


def require(actor: Actor, action: str) -> None:
    if not actor.can(action):
        raise PermissionDenied(action=action, role=str(actor.role), username=actor.username)
