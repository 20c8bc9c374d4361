use ecom_core::RatingsSchema;
use recsys_cf::{ItemCosine, Recommender};
fn main() {
    let d = std::path::Path::new("/work/shared/data/movielens/ml-100k");
    let train = RatingsSchema::movielens_100k().load(d.join("u1.base")).unwrap().binarized();
    let m = ItemCosine::new().k(20).fit(&train).unwrap();
    for t in m.recommend_all(10, true) {
        let v: Vec<String> = t.items.iter().map(|s| format!("{}:{:.15}", s.item, s.score)).collect();
        println!("{} {}", t.query, v.join(" "));
    }
}
