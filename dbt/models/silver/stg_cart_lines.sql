{{
    config(
        materialized='incremental',
        incremental_strategy='merge',
        unique_key='cart_line_id',
        on_schema_change='fail',
        cluster_by=on_bigquery(['cart_id']),
        post_hook=[
            "{{ delete_unmatched(ref('stg_carts'), ['cart_id', 'cart_version'],
                'not current_rows.is_deleted') }}",
        ],
    )
}}

with

carts as (

    select * from {{ ref('stg_carts') }}

),

{% if is_incremental() %}

current_lines as (

    -- the carts whose lines this model holds at their current version
    select distinct held_lines.cart_id

    from {{ this }} as held_lines

    inner join carts
        on
            held_lines.cart_id = carts.cart_id
            and held_lines.cart_version = carts.cart_version

),

{% endif %}

changed_carts as (

    -- live carts whose lines are not held at their current version: all of
    -- them on a full build; new, modified and re-created carts on an
    -- incremental run (the post-hook then deletes the lines left behind)
    select * from carts

    where
        not is_deleted
        {% if is_incremental() %}
        and cart_id not in (select current_lines.cart_id from current_lines)
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
        cast(quantity as int64) as quantity

    from lines

)

select * from final
