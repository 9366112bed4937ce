// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title CommitteeJurors
/// @notice The committee of a CommitteeArbitrator, which its owner changes. Every change opens a
///         new juror epoch; a voting round records the epoch it opened in, and its jury is the
///         committee of that epoch. So a change applies to the rounds opened after it: a removed
///         juror still votes in the rounds opened before the removal (their majority is counted
///         against the jurors they opened with), and not in any round opened later; an added
///         juror votes only in the rounds opened after the addition.
abstract contract CommitteeJurors is Ownable2Step {
    error CommitteeArbitrator__NoJurors();
    error CommitteeArbitrator__DuplicateJuror(address juror);
    error CommitteeArbitrator__ZeroJuror();
    error CommitteeArbitrator__NotJuror(address account);
    error CommitteeArbitrator__LastJuror(address juror);
    error CommitteeArbitrator__OwnerRequired();

    /// @notice The owner added a juror, from the juror epoch `epoch` on.
    event JurorAdded(address indexed juror, uint64 epoch);
    /// @notice The owner removed a juror, from the juror epoch `epoch` on.
    event JurorRemoved(address indexed juror, uint64 epoch);

    /// @notice The current juror epoch: how many changes the committee had since deployment.
    uint64 public jurorEpoch;
    /// @notice Whether an account is in the current committee.
    mapping(address account => bool) public isJuror;
    address[] internal _jurors;
    /// The epochs at which an account joined or left the committee, alternately (joined first).
    mapping(address account => uint64[]) internal _jurorChanges;

    /// @param owner_ who may add and remove jurors (Ownable2Step: a new owner accepts)
    /// @param jurors_ the first committee (juror epoch 0)
    constructor(address owner_, address[] memory jurors_) Ownable(owner_) {
        if (jurors_.length == 0) revert CommitteeArbitrator__NoJurors();
        for (uint256 i = 0; i < jurors_.length; i++) {
            _join(jurors_[i], 0);
        }
    }

    /// @notice The current committee (a round's jury is the committee of its epoch).
    function jurors() external view returns (address[] memory) {
        return _jurors;
    }

    /// @notice Adds a juror for the rounds opened from now on.
    function addJuror(address juror) external onlyOwner {
        uint64 epoch = ++jurorEpoch;
        _join(juror, epoch);
        emit JurorAdded(juror, epoch);
    }

    /// @notice Removes a juror from the rounds opened from now on; the last one stays.
    function removeJuror(address juror) external onlyOwner {
        if (!isJuror[juror]) revert CommitteeArbitrator__NotJuror(juror);
        if (_jurors.length == 1) revert CommitteeArbitrator__LastJuror(juror);
        uint64 epoch = ++jurorEpoch;
        isJuror[juror] = false;
        _jurorChanges[juror].push(epoch);
        uint256 last = _jurors.length - 1;
        for (uint256 i = 0; i < last; i++) {
            if (_jurors[i] == juror) {
                _jurors[i] = _jurors[last];
                break;
            }
        }
        _jurors.pop();
        emit JurorRemoved(juror, epoch);
    }

    /// @notice Refused: the committee always has an owner, who can replace a lost juror and
    ///         receives the fee of a round nobody voted in (ownership moves with Ownable2Step).
    function renounceOwnership() public view override onlyOwner {
        revert CommitteeArbitrator__OwnerRequired();
    }

    /// @notice Whether an account was in the committee of the juror epoch `epoch`.
    function wasJuror(address account, uint64 epoch) public view returns (bool) {
        uint64[] storage changes = _jurorChanges[account];
        uint256 passed = 0;
        while (passed < changes.length && changes[passed] <= epoch) passed++;
        return passed % 2 == 1;
    }

    function _join(address juror, uint64 epoch) private {
        if (juror == address(0)) revert CommitteeArbitrator__ZeroJuror();
        if (isJuror[juror]) revert CommitteeArbitrator__DuplicateJuror(juror);
        isJuror[juror] = true;
        _jurors.push(juror);
        _jurorChanges[juror].push(epoch);
    }
}
