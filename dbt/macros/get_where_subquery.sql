{#
    The `where` config of data tests, with one placeholder resolved when the
    test runs (the way dbt documents for values a .yml cannot compute):

        where: "loaded_at = __latest_load__"

    __latest_load__ is the latest `loaded_at` of the tested model: the test
    then checks the rows the latest run (re)computed, not the whole table.
    On a full build every row carries that value, so every row is tested.
    Used where the model's incremental strategy keeps the guarantee for the
    older rows (see the README, "Tests at scale"). `--vars '{full_tests: true}'`
    tests every row anyway.
#}
{% macro default__get_where_subquery(relation) -%}

    {%- set where = config.get('where', '') -%}
    {%- if where and '__latest_load__' in where -%}
        {%- if var('full_tests', false) -%}
            {%- set where = none -%}
        {%- else -%}
            {%- set where = where | replace(
                '__latest_load__',
                '(select max(loaded_at) from ' ~ relation ~ ')'
            ) -%}
        {%- endif -%}
    {%- endif -%}

    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}

{%- endmacro %}
