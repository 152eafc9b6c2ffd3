"""Closed reads: with READS_REQUIRE_TOKEN set, every operation needs a valid token of any role.

Reads are open by default because the register is published data. Closing them is one setting, enforced here
for the whole schema rather than on each list, so a new query cannot forget it. Introspection stays open, so
developers can still explore the schema in GraphiQL before they hold a token.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ExecutionResult, FieldNode, get_operation_ast
from strawberry.extensions import SchemaExtension

from schema.context import Context
from schema.errors import ErrorCode, RegisterError


class ReadsNeedToken(SchemaExtension):
    """Refuses an operation without a valid token when the settings close reads."""

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        if (
            isinstance(context, Context)
            and context.settings.reads_require_token
            and context.auth.caller is None
            and not self._introspection_only()
        ):
            error = RegisterError(
                f"{context.auth.problem} This register's reads are closed: every request needs a valid token.",
                ErrorCode.UNAUTHENTICATED,
            )
            execution.result = ExecutionResult(data=None, errors=[error])
        yield

    def _introspection_only(self) -> bool:
        document = self.execution_context.graphql_document
        if document is None:
            return False
        operation = get_operation_ast(document, self.execution_context.operation_name)
        if operation is None:
            return False
        return all(
            isinstance(selection, FieldNode) and selection.name.value.startswith("__")
            for selection in operation.selection_set.selections
        )
