//! Backup schedules: `POST` creates or replaces, `PATCH` merges, `DELETE` removes (API.md section 3,
//! docs/inferred.md: a PATCH's present fields overwrite, `null` removes).

use serde_json::{json, Map, Value};

use super::render::schedule_json;
use super::{Ctx, Schedule, World, MAX_SCHEDULES};
use crate::clock::Cadence;
use crate::problem::Problem;
use crate::validate::ScheduleInput;

impl World {
    /// `POST …/backup-schedules`: replaces the schedule with the same name, else the VPS's only
    /// schedule, else creates one. 201 with the schedule.
    pub(crate) fn put_schedule(&mut self, ctx: &Ctx, id: &str, def: ScheduleInput) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        let name = def.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "Backup schedule".to_owned());
        let schedules = &mut self.vps[i].schedules;
        let existing = schedules.iter().position(|s| s.name == name).or((schedules.len() == 1).then_some(0));
        let at = match existing {
            Some(at) => at,
            None if schedules.len() < MAX_SCHEDULES => {
                schedules.push(Schedule {
                    id: self.rng.id("bks_"),
                    name: String::new(),
                    def: def.clone(),
                    last_run: None,
                    status: None,
                });
                schedules.len() - 1
            }
            None => {
                return Err(Problem::conflict(
                    "schedule_limit_reached",
                    "This VPS already has the maximum number of backup schedules.",
                ))
            }
        };
        let s = &mut schedules[at];
        // A replaced schedule is a new definition that has not run yet (seed 002's 201 body).
        s.name = name;
        s.def = def;
        s.last_run = None;
        s.status = None;
        self.accepted.schedules += 1;
        Ok(schedule_json(s, ctx.now))
    }

    /// The schedule a PATCH targets, as the JSON body it would have been created with.
    pub(crate) fn schedule_as_body(
        &mut self,
        ctx: &Ctx,
        id: &str,
        schedule_id: Option<&str>,
    ) -> Result<(String, Map<String, Value>), Problem> {
        let i = self.find(ctx, id)?;
        let v = &self.vps[i];
        let s = match schedule_id {
            Some(sid) => v.schedules.iter().find(|s| s.id == sid),
            None if v.schedules.len() == 1 => v.schedules.first(),
            None => None,
        }
        .ok_or_else(|| Problem::not_found("backup schedule"))?;
        let mut body = Map::new();
        let (frequency, day) = match s.def.cadence {
            Cadence::Daily => ("daily", None),
            Cadence::Weekly(d) => ("weekly", Some(("dayOfWeek", d))),
            Cadence::Monthly(d) => ("monthly", Some(("dayOfMonth", d))),
        };
        body.insert("frequency".into(), json!(frequency));
        if let Some((key, d)) = day {
            body.insert(key.into(), json!(d));
        }
        body.insert("hour".into(), json!(s.def.hour));
        body.insert("retentionCount".into(), json!(s.def.retention_count));
        body.insert("enabled".into(), json!(s.def.enabled));
        body.insert("name".into(), json!(s.name));
        Ok((s.id.clone(), body))
    }

    /// Applies a validated PATCH result to the schedule `schedule_id`.
    pub(crate) fn update_schedule(
        &mut self,
        ctx: &Ctx,
        id: &str,
        schedule_id: &str,
        def: ScheduleInput,
    ) -> Result<Value, Problem> {
        let i = self.find(ctx, id)?;
        let s = self.vps[i]
            .schedules
            .iter_mut()
            .find(|s| s.id == schedule_id)
            .ok_or_else(|| Problem::not_found("backup schedule"))?;
        if let Some(name) = def.name.clone().filter(|n| !n.trim().is_empty()) {
            s.name = name;
        }
        s.def = def;
        Ok(schedule_json(s, ctx.now))
    }

    /// `DELETE …/backup-schedules/{scheduleId}`.
    pub(crate) fn delete_schedule(&mut self, ctx: &Ctx, id: &str, schedule_id: &str) -> Result<(), Problem> {
        let i = self.find(ctx, id)?;
        let schedules = &mut self.vps[i].schedules;
        let at =
            schedules.iter().position(|s| s.id == schedule_id).ok_or_else(|| Problem::not_found("backup schedule"))?;
        schedules.remove(at);
        Ok(())
    }
}
