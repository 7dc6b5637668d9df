-- Every cart line's amount is its quantity times its unit price.

with

fact_cart_items as (

    select * from {{ ref('fact_cart_items') }}

)

select
    cart_line_id,
    quantity,
    unit_price,
    line_amount

from fact_cart_items

where line_amount != quantity * unit_price
