//! The v2 "owners are people" vocabulary: a task's `owner` (one label, or a
//! list of labels and stakeholder ids), a stakeholder's absences, and a
//! milestone written as a mapping (`{when, title}`).
//!
//! What the YAML says, with positions; resolving labels to people is
//! `crate::people`'s job.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::spanned::{Sp, each_at};
use super::types::Date;

/// `owner:` of a task: `Engineer`, or `[Engineer, mary]`. Old plans wrote
/// one free-text string; it stays one label, shown as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// Each label or stakeholder id, in the order written (a lone scalar's
    /// position is unknown here: see [`Owner::labels_at`]).
    pub labels: Vec<Sp<String>>,
    /// Written as a list (serialized back the same way).
    pub list: bool,
    /// The labels joined with ", ": what exports print.
    text: String,
}

impl Owner {
    pub fn new(labels: Vec<Sp<String>>, list: bool) -> Owner {
        let text = labels
            .iter()
            .map(|l| l.value.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        Owner { labels, list, text }
    }

    /// The owner as one line of text (`Engineer, Tech`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The labels, each with a position (a lone scalar takes `at`, the
    /// position of the whole value).
    pub fn labels_at(&self, at: crate::diag::Pos) -> Vec<Sp<String>> {
        self.labels
            .iter()
            .map(|l| {
                if l.pos.is_known() {
                    l.clone()
                } else {
                    Sp::new(l.value.clone(), at)
                }
            })
            .collect()
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Owner {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.list {
            self.labels.serialize(s)
        } else {
            s.serialize_str(&self.text)
        }
    }
}

impl<'de> Deserialize<'de> for Owner {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V_;
        impl<'de> Visitor<'de> for V_ {
            type Value = Owner;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an owner label, a stakeholder id, or a list of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Owner, E> {
                Ok(Owner::new(
                    vec![Sp::new(v.to_string(), Default::default())],
                    false,
                ))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Owner, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<Sp<String>>()? {
                    out.push(v);
                }
                Ok(Owner::new(out, true))
            }
        }
        d.deserialize_any(V_)
    }
}

/// Stakeholder ids: `accountable: mary` or `consulted: [mary, joe]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Ids(pub Vec<Sp<String>>);

impl<'de> Deserialize<'de> for Ids {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V_(PhantomData<()>);
        impl<'de> Visitor<'de> for V_ {
            type Value = Ids;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a stakeholder id or a list of stakeholder ids")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Ids, E> {
                Ok(Ids(vec![Sp::new(v.to_string(), Default::default())]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ids, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<Sp<String>>()? {
                    out.push(v);
                }
                Ok(Ids(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Ids, E> {
                Ok(Ids(Vec::new()))
            }
        }
        d.deserialize_any(V_(PhantomData))
    }
}

/// The ids of an optional [`Ids`] field, each with a position.
pub fn ids_at(ids: &Option<Sp<Ids>>) -> Vec<Sp<String>> {
    ids.as_ref()
        .map_or_else(Vec::new, |list| each_at(&list.value.0, list.pos))
}

/// One absence of a stakeholder (`unavailable:`), dates inclusive.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    pub from: Sp<Date>,
    pub to: Sp<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Sp<String>>,
}

/// A milestone's value: a when-rule, or `{when: ..., title: ...}`.
#[derive(Debug, Clone)]
pub struct MilestoneDef {
    /// The when-rule (its own position when written as a mapping; else
    /// unknown, and the enclosing `Sp` has it).
    pub when: Sp<String>,
    pub title: Option<Sp<String>>,
}

impl<'de> Deserialize<'de> for MilestoneDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V_;
        impl<'de> Visitor<'de> for V_ {
            type Value = MilestoneDef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a when-rule (e.g. `2 days after migration`) or {when: ..., title: ...}",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<MilestoneDef, E> {
                Ok(MilestoneDef {
                    when: Sp::new(v.to_string(), Default::default()),
                    title: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MilestoneDef, A::Error> {
                let (mut when, mut title) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "when" => when = Some(map.next_value::<Sp<String>>()?),
                        "title" => title = Some(map.next_value::<Sp<String>>()?),
                        other => return Err(de::Error::unknown_field(other, &["when", "title"])),
                    }
                }
                let when = when.ok_or_else(|| de::Error::missing_field("when"))?;
                Ok(MilestoneDef { when, title })
            }
        }
        d.deserialize_any(V_)
    }
}
