//! One module per subcommand.

pub(crate) mod describe;
pub(crate) mod forecast;
pub(crate) mod inventory;
pub(crate) mod plan;
pub(crate) mod recommend;
pub(crate) mod warehouses;
