//! `Sp<T>`: a deserialized value with its position (file, line, column).
//!
//! serde-saphyr's `Spanned` knows the line and column but not the file; the
//! loader sets the file (and, for Markdown front matter, a line offset) in a
//! thread-local while it deserializes one file, and `Sp` picks it up.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::diag::{FileId, Pos};

thread_local! {
    static CURRENT: Cell<(FileId, u32)> = const { Cell::new((FileId(0), 0)) };
}

/// Runs `f` (a deserialization of one file) with positions attributed to
/// `file`, lines shifted down by `line_offset`.
pub fn with_file<R>(file: FileId, line_offset: u32, f: impl FnOnce() -> R) -> R {
    let previous = CURRENT.with(|c| c.replace((file, line_offset)));
    let out = f();
    CURRENT.with(|c| c.set(previous));
    out
}

/// The file and line offset being deserialized now.
pub fn current_file() -> (FileId, u32) {
    CURRENT.with(Cell::get)
}

/// Converts a serde-saphyr location into a [`Pos`] in the current file.
pub fn pos_of(loc: &serde_saphyr::Location) -> Pos {
    let (file, offset) = current_file();
    let line = loc.line() as u32;
    Pos {
        file,
        line: if line == 0 { 0 } else { line + offset },
        col: loc.column() as u32,
        len: loc.span().len() as u32,
    }
}

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sp<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Sp<T> {
    pub fn new(value: T, pos: Pos) -> Sp<T> {
        Sp { value, pos }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let mut pos = pos_of(&s.referenced);
        // A scalar's span covers its text; a caret under a whole block is noise.
        if pos.len == 0 {
            pos.len = 1;
        }
        Ok(Sp {
            value: s.value,
            pos,
        })
    }
}

impl<T: serde::Serialize> serde::Serialize for Sp<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// A YAML mapping kept in the order it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderedMap<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for OrderedMap<K, V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V_<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for V_<K, V> {
            type Value = OrderedMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of `key: value` lines")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry()? {
                    out.push((k, v));
                }
                Ok(OrderedMap(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(OrderedMap(Vec::new()))
            }
        }
        d.deserialize_map(V_(PhantomData))
    }
}

impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for OrderedMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// `items`, each with its own position, or `key`'s when it has none (a
/// lone scalar such as `after: a` carries no inner position).
pub fn each_at<T: Clone>(items: &[Sp<T>], key: Pos) -> Vec<Sp<T>> {
    items
        .iter()
        .map(|item| {
            if item.pos.is_known() {
                item.clone()
            } else {
                Sp::new(item.value.clone(), key)
            }
        })
        .collect()
}

/// One value or a list of them (`after: a` or `after: [a, b]`).
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Serialize)]
#[serde(transparent)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<Sp<T>> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V_<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V_<T> {
            type Value = OneOrMany<Sp<T>>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a task id or a list of task ids")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element()? {
                    out.push(v);
                }
                Ok(OneOrMany(out))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                let value = T::deserialize(de::value::StrDeserializer::<E>::new(v))?;
                // The scalar's own position is not visible from here; the
                // enclosing `Sp` supplies it (see `Task::after_ids`).
                Ok(OneOrMany(vec![Sp::new(value, Pos::default())]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(OneOrMany(Vec::new()))
            }
        }
        d.deserialize_any(V_(PhantomData))
    }
}

/// Any scalar (string, number, boolean, null) read as text: free-form values
/// such as inventory `details`.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V_;
        impl Visitor<'_> for V_ {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a single value (text, number or yes/no), not a list or mapping")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(if v { "yes" } else { "no" }.into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(String::new()))
            }
        }
        d.deserialize_any(V_)
    }
}
