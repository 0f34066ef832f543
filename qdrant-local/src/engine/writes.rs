//! Point writes: upsert, delete by ids, delete by filter. Each is validated here, then
//! logged and applied by its collection (see collection.rs).

use std::sync::Arc;

use qdrant_edge::{PointInsertOperations, PointOperations, UpdateOperation};

use super::blocking;
use super::convert::{edge_filter, edge_id, edge_point};
use super::error::StoreResult;
use super::registry::Store;
use super::types::{Filter, PointId, PointInput, UpdateResult};
use super::validate;

impl Store {
    pub async fn upsert(
        self: &Arc<Self>,
        name: &str,
        points: Vec<PointInput>,
        wait: bool,
    ) -> StoreResult<UpdateResult> {
        let collection = self.collection(name)?;
        for point in &points {
            validate::point(&collection.config, point)?;
        }
        let points = points.into_iter().map(edge_point).collect();
        let operation = UpdateOperation::PointOperation(PointOperations::UpsertPoints(
            PointInsertOperations::PointsList(points),
        ));
        let name = name.to_string();
        blocking(move || collection.write(&name, operation, wait)).await
    }

    pub async fn delete_points(
        self: &Arc<Self>,
        name: &str,
        ids: Vec<PointId>,
        wait: bool,
    ) -> StoreResult<UpdateResult> {
        let collection = self.collection(name)?;
        let operation = UpdateOperation::PointOperation(PointOperations::DeletePoints {
            ids: ids.iter().map(edge_id).collect(),
        });
        let name = name.to_string();
        blocking(move || collection.write(&name, operation, wait)).await
    }

    pub async fn delete_points_by_filter(
        self: &Arc<Self>,
        name: &str,
        filter: Filter,
        wait: bool,
    ) -> StoreResult<UpdateResult> {
        let collection = self.collection(name)?;
        let operation = UpdateOperation::PointOperation(PointOperations::DeletePointsByFilter(
            edge_filter(&filter)?,
        ));
        let name = name.to_string();
        blocking(move || collection.write(&name, operation, wait)).await
    }
}
