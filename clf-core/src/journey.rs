//! Where the library listens: journeys, their touchpoints, and the channels
//! customers use, each with the promise and SLA it makes.

use crate::duration::Duration;

macro_rules! index_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub struct $name(pub(crate) u32);
        impl $name {
            /// Position in the configuration's list.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}
pub(crate) use index_type;

index_type!(
    /// A journey of the configuration.
    JourneyIdx
);
index_type!(
    /// A touchpoint of the configuration.
    TouchpointIdx
);
index_type!(
    /// A channel of the configuration.
    ChannelIdx
);
index_type!(
    /// A business calendar of the configuration.
    CalendarIdx
);

/// A customer journey: an ordered series of touchpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its touchpoints, in journey order.
    pub touchpoints: Vec<TouchpointIdx>,
}

/// When a touchpoint happens relative to contact with the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Moment {
    /// Before any contact (orientation).
    Before,
    /// During contact (the default).
    During,
    /// After contact (cancellation, aftercare).
    After,
}

/// A moment of the journey at which customers are listened to.
#[derive(Debug, Clone, PartialEq)]
pub struct Touchpoint {
    /// Unique id over all journeys.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Before, during or after contact.
    pub moment: Moment,
    /// The journey it belongs to.
    pub journey: JourneyIdx,
}

/// A channel a customer can use, with the follow-up speed it promises.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// Unique id (`phone`, `email`…).
    pub id: String,
    /// Business calendar of its SLA; `None` counts elapsed time.
    pub calendar: Option<CalendarIdx>,
    /// Time to first contact with the customer.
    pub first_response: Duration,
    /// Time to a proposed resolution.
    pub resolution: Duration,
    /// What the customer may expect, per locale.
    pub promise: Vec<(String, String)>,
}
