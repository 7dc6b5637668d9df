{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='cart_line_id',
        on_schema_change='fail',
        cluster_by=on_bigquery(['cart_id']),
        pre_hook=[
            "{{ delete_rows_of_changed_carts([ref('stg_carts')]) }}",
        ],
    )
}}

{#- on an incremental run: the carts loaded since this model's latest line;
    the pre-hook has deleted their lines, this inserts the live ones' -#}
{%- set watermark = load_watermark(ref('stg_carts')) %}

with

carts as (

    select * from {{ ref('stg_carts') }}

),

changed_carts as (

    -- live carts: all of them on a full build; on an incremental run the new,
    -- modified and re-created ones
    select * from carts

    where
        not is_deleted
        {% if watermark is not none %}
        and loaded_at > timestamp '{{ watermark }}'
        {% endif %}

),

exploded as (

    select
        changed_carts.cart_id,
        changed_carts.cart_version,
        {{ try_cast(json_text('line', '$.productId'), 'int64') }} as product_id,
        {{ try_cast(json_text('line', '$.quantity'), 'int64') }} as quantity

    from changed_carts
    {{ unnest_json_array('changed_carts.products_json', '$', 'line') }}

),

lines as (

    select
        cart_id,
        cart_version,
        product_id,
        concat(
            cast(cart_id as string), '-', cast(product_id as string)
        ) as cart_line_id,
        sum(quantity) as quantity

    from exploded

    where product_id is not null and quantity > 0

    group by 1, 2, 3, 4

),

final as (

    select
        cart_line_id,
        cart_id,
        cart_version,
        product_id,
        -- DuckDB sums integers into int128, slow to scan
        cast(quantity as int64) as quantity,
        {{ run_loaded_at() }} as loaded_at

    from lines

)

select * from final
