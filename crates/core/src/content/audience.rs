//! Who a practice or prompt is for, and whether the person has a partner.
//!
//! Every practice and prompt carries an [`Audience`]. The person's [`Partner`]
//! setting decides which of them are offered: an item for a partner is suggested
//! only to someone who said they have one. Everything else (alone, with anyone
//! close, or either way) suits everyone, because closeness with friends, family, a
//! community or oneself is as real as romance.

use serde::{Deserialize, Serialize};

/// Who a practice or prompt is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// Done on your own.
    Alone,
    /// Needs a romantic partner.
    Partner,
    /// With someone close: a friend, a relative or a partner.
    AnyoneClose,
    /// Works on your own or with anyone.
    Any,
}

impl Audience {
    /// Every audience, in display order.
    pub const ALL: [Audience; 4] = [
        Audience::Alone,
        Audience::Partner,
        Audience::AnyoneClose,
        Audience::Any,
    ];

    /// The kebab-case id used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Alone => "alone",
            Audience::Partner => "partner",
            Audience::AnyoneClose => "anyone-close",
            Audience::Any => "any",
        }
    }

    /// The human label, as in "a practice for ...".
    pub fn label(self) -> &'static str {
        match self {
            Audience::Alone => "on your own",
            Audience::Partner => "with a partner",
            Audience::AnyoneClose => "with someone close",
            Audience::Any => "alone or with others",
        }
    }

    /// Whether an item for this audience may be suggested (by `plan`, `reflect
    /// --random` or the review) to a person with this partner setting: everything
    /// but partner items, which need [`Partner::Yes`].
    pub fn suits(self, partner: Partner) -> bool {
        self != Audience::Partner || partner == Partner::Yes
    }
}

pub use crate::model::persisted::Partner;

impl Partner {
    /// Every value, in the order the config file documents them.
    pub const ALL: [Partner; 3] = [Partner::Yes, Partner::No, Partner::PreferNotToSay];

    /// The id in the config file and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Partner::Yes => "yes",
            Partner::No => "no",
            Partner::PreferNotToSay => "prefer-not-to-say",
        }
    }

    /// Parses `yes`, `no` or `prefer-not-to-say` (exactly, as the config file says).
    pub fn parse(s: &str) -> Option<Partner> {
        Partner::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Whether the catalogue (`confide prompts`) lists items for this audience:
    /// everything except partner items for a person who said they have no partner.
    pub fn lists(self, audience: Audience) -> bool {
        audience != Audience::Partner || self != Partner::No
    }

    /// Whether physical intimacy counts among the kinds the plan and the review try to
    /// balance. The source asks for all five kinds in a romantic partnership; without
    /// one (or when it is not said), no one is told physical closeness "has been
    /// quiet".
    pub fn balances_physical(self) -> bool {
        self == Partner::Yes
    }

    /// A word for the plan about what intimacy is, when the person has not said they
    /// have a partner.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Partner::Yes => None,
            Partner::No | Partner::PreferNotToSay => Some(INTIMACY_NOTE),
        }
    }
}

/// What intimacy is, said plainly (content brief, section 10).
pub const INTIMACY_NOTE: &str = "Intimacy means being known, accepted and connected. \
     Friends, family, a community and your own company all count, as fully as romance does.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for p in Partner::ALL {
            assert_eq!(Partner::parse(p.as_str()), Some(p));
        }
        assert_eq!(Partner::parse("Yes"), None);
        assert_eq!(Partner::parse("maybe"), None);
        assert_eq!(Partner::default(), Partner::PreferNotToSay);
        for a in Audience::ALL {
            super::super::check_text(a.as_str(), a.label());
            assert!(super::super::is_kebab(a.as_str()));
        }
        super::super::check_text("intimacy note", INTIMACY_NOTE);
    }

    #[test]
    fn what_each_setting_offers_and_lists() {
        for a in Audience::ALL {
            assert!(a.suits(Partner::Yes));
            assert!(Partner::Yes.lists(a));
            assert!(Partner::PreferNotToSay.lists(a));
            assert_eq!(a.suits(Partner::No), a != Audience::Partner);
            assert_eq!(a.suits(Partner::PreferNotToSay), a != Audience::Partner);
            assert_eq!(Partner::No.lists(a), a != Audience::Partner);
        }
        assert!(Partner::Yes.balances_physical());
        assert!(!Partner::No.balances_physical());
        assert!(!Partner::PreferNotToSay.balances_physical());
        assert!(Partner::Yes.note().is_none());
        assert!(Partner::No.note().is_some());
    }
}
