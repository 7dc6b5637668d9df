-- Every cart line belongs to a live cart, a known product (with a current
-- version in dim_products) and a known user, and none is lost on the way to
-- gold.

with

cart_lines as (

    select * from {{ ref('stg_cart_lines') }}

),

carts as (

    select * from {{ ref('stg_carts') }}

),

dim_products as (

    select * from {{ ref('dim_products') }}

),

dim_users as (

    select * from {{ ref('dim_users') }}

),

fact_cart_items as (

    select * from {{ ref('fact_cart_items') }}

),

current_products as (

    select product_id

    from dim_products

    where is_current

),

current_users as (

    select user_id

    from dim_users

    where is_current

)

select
    cart_lines.cart_line_id,
    carts.is_deleted as is_of_deleted_cart,
    carts.cart_id is null as is_without_cart,
    current_products.product_id is null as is_without_product,
    current_users.user_id is null as is_without_user,
    fact_cart_items.cart_line_id is null as is_missing_from_fact

from cart_lines

left join carts
    on cart_lines.cart_id = carts.cart_id

left join current_products
    on cart_lines.product_id = current_products.product_id

left join current_users
    on carts.user_id = current_users.user_id

left join fact_cart_items
    on cart_lines.cart_line_id = fact_cart_items.cart_line_id

where
    carts.cart_id is null
    or carts.is_deleted
    or current_products.product_id is null
    or current_users.user_id is null
    or fact_cart_items.cart_line_id is null
