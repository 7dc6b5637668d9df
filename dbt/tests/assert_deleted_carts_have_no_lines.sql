-- A cart whose latest event is a deletion has no lines in silver or gold.

with

carts as (

    select * from {{ ref('stg_carts') }}

),

cart_lines as (

    select * from {{ ref('stg_cart_lines') }}

),

fact_cart_items as (

    select * from {{ ref('fact_cart_items') }}

),

deleted_carts as (

    select cart_id

    from carts

    where is_deleted

),

lines as (

    select
        cart_id,
        'silver' as layer

    from cart_lines

    union all

    select
        cart_id,
        'gold' as layer

    from fact_cart_items

)

select
    lines.cart_id,
    lines.layer

from lines

inner join deleted_carts
    on lines.cart_id = deleted_carts.cart_id
