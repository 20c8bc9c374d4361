//! `examples/compose_by_hand.rs` reaches the numbers `Planner` (and so `ecom plan`) reaches for
//! the same SKU and settings: composing the crates by hand means the same thing as the pipeline.

#[path = "../compose_by_hand.rs"]
mod compose;

use ecom_supply::SalesSchema;
use ecom_supply::plan::{PlanConfig, Planner};

#[test]
fn by_hand_equals_the_plan() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/online-retail/daily_sales_top40.csv"
    );
    let sales = SalesSchema::default()
        .id_column("sku")
        .quantity_column("units")
        .load(file)
        .unwrap();
    // The defaults are the example's settings.
    let plan = Planner::new(PlanConfig::default())
        .unwrap()
        .plan(&sales, None)
        .unwrap();
    for sku in plan.skus.iter().take(3) {
        let y = sales.get(&sku.id).unwrap();
        let by_hand = compose::policy_for(y, &plan.calendar).unwrap();
        assert_eq!(
            by_hand.reorder_point, sku.policy.reorder_point,
            "{}",
            sku.id
        );
        assert_eq!(by_hand.safety_stock, sku.policy.safety_stock, "{}", sku.id);
        assert_eq!(
            by_hand.order_quantity, sku.policy.order_quantity,
            "{}",
            sku.id
        );
        // The plan's out-of-sample check is the example's held-out simulation.
        let check = sku.holdout.as_ref().unwrap();
        let cut = y.len() - check.periods;
        let held_out = compose::policy_for(&y.slice(0..cut).unwrap(), &plan.calendar).unwrap();
        let report = held_out.simulate(&y.values()[cut..]).unwrap();
        assert_eq!(report.fill_rate, check.achieved_fill_rate, "{}", sku.id);
        assert_eq!(held_out.fill_rate, check.promised_fill_rate, "{}", sku.id);
    }
}
