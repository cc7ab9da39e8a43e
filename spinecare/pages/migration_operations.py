"""Migration operations for a table whose indexes exist on PostgreSQL only."""

from django.db import migrations


class AddColumn(migrations.AddField):
    """AddField that never rebuilds the page table on SQLite.

    SQLite adds a column with a default by copying the whole table, and the copy
    would try to build the PostgreSQL-only GIN indexes; ALTER TABLE ADD COLUMN does
    the same job in place.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "sqlite":
            return super().database_forwards(
                app_label, schema_editor, from_state, to_state
            )
        model = to_state.apps.get_model(app_label, self.model_name)
        field = model._meta.get_field(self.name)
        definition, params = schema_editor.column_sql(
            model, field, include_default=True
        )
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(model._meta.db_table)} "
            f"ADD COLUMN {schema_editor.quote_name(field.column)} {definition}",
            params,
        )
