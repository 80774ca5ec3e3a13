-- The ${{ values.outputPortName }} output port of ${{ values.title }}.
-- TODO(owner): select from the declared inputs ({{ source(...) }} or {{ ref(...) }}).
select
{%- for col in values.columns %}
    cast(null as ${{ {'string': 'varchar', 'integer': 'bigint', 'number': 'double', 'boolean': 'boolean', 'date': 'date', 'timestamp': 'timestamp'}[col.type] }}) as ${{ col.name }}{% if not loop.last %},{% endif %}
{%- endfor %}
where false
