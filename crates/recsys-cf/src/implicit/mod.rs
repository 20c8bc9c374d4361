//! Models for implicit feedback (views, clicks, purchases): "customers who bought this also
//! bought" by item-item cosine on binary interactions, and implicit alternating least squares
//! (Hu, Koren and Volinsky, 2008) for personalised top-N.

mod als;
mod item_cosine;

pub use als::{ImplicitAls, ImplicitAlsModel};
pub use item_cosine::{ItemCosine, ItemCosineModel};
