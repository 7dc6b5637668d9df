{{
    config(
        materialized='table',
        cluster_by=on_bigquery(['cart_id']),
    )
}}

with

carts as (

    select * from {{ ref('stg_carts') }}

),

exploded as (

    select
        carts.cart_id,
        carts.cart_version,
        {{ try_cast(json_text('line', '$.productId'), 'int64') }} as product_id,
        {{ try_cast(json_text('line', '$.quantity'), 'int64') }} as quantity

    from carts
    {{ unnest_json_array('carts.products_json', '$', 'line') }}

    where not carts.is_deleted

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

)

select * from lines
