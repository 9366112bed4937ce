// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CommitteeJurors} from "./CommitteeJurors.sol";
import {IArbitrable} from "./IArbitrable.sol";
import {IArbitrator} from "./IArbitrator.sol";

/// @title CommitteeArbitrator
/// @notice An ERC-792 arbitrator for self-hosting and local use: a committee of jurors, which
///         its owner changes (CommitteeJurors), votes on each dispute. A round's jury is the
///         committee when the round opened (at the dispute's creation or its appeal), and a
///         choice that more than half of that jury votes for is the ruling at once. Otherwise the
///         round closes when the whole jury has voted, or when anyone calls closeVoting after
///         `votingPeriod` seconds: the ruling is then the choice with strictly the most votes
///         cast, or 0 ("refuse to arbitrate") on a tie or when nobody voted. So a lost or
///         unwilling juror delays a round by at most the voting period. A ruling can be
///         appealed during the appeal period by paying the appeal cost, which doubles with each
///         round; the committee then votes again. When the period ends unappealed, anyone
///         executes the ruling, which calls the arbitrable contract.
///         Each round's fee is shared among the jurors who voted in it; a round nobody voted in
///         pays its fee to the owner, who answers for the committee (the payer is often a
///         contract, like the registry, with no call to withdraw a refund). Shares and
///         overpayments are withdrawn (pull payments), so the contract's balance always equals
///         the fees of undecided rounds plus what is withdrawable.
contract CommitteeArbitrator is IArbitrator, CommitteeJurors {
    struct Dispute {
        IArbitrable arbitrable;
        uint64 choices;
        uint64 round;
        DisputeStatus status;
        /// The current round's jury: how many jurors, and the juror epoch they are from.
        uint64 jurorCount;
        uint64 jurorEpoch;
        uint256 ruling;
        uint64 appealEnd;
        uint64 appealStart;
        /// When the current round's vote may be closed without a majority (closeVoting).
        uint64 votingEnd;
        /// Fee paid for the current round, shared among its voters when it is decided.
        uint256 roundFee;
    }

    error CommitteeArbitrator__NoVotingPeriod();
    error CommitteeArbitrator__TooFewChoices();
    error CommitteeArbitrator__Underpaid(uint256 paid, uint256 cost);
    error CommitteeArbitrator__NoSuchDispute(uint256 disputeID);
    error CommitteeArbitrator__NotWaiting(uint256 disputeID);
    error CommitteeArbitrator__VotingEnded(uint256 disputeID, uint256 end);
    error CommitteeArbitrator__VotingRunning(uint256 disputeID, uint256 end);
    error CommitteeArbitrator__AlreadyVoted(uint256 disputeID, address juror);
    error CommitteeArbitrator__InvalidChoice(uint256 choice, uint256 choices);
    error CommitteeArbitrator__NotAppealable(uint256 disputeID);
    error CommitteeArbitrator__AppealPeriodRunning(uint256 disputeID, uint256 end);
    error CommitteeArbitrator__NothingToWithdraw(address account);
    error CommitteeArbitrator__TransferFailed(address account);

    event Vote(uint256 indexed disputeID, uint256 indexed round, address indexed juror, uint256 choice);
    event Withdrawal(address indexed account, uint256 amount);

    /// @notice Most choices a dispute may have (rulings 0..MAX_CHOICES).
    uint256 public constant MAX_CHOICES = 16;

    uint256 internal immutable _arbitrationCost;
    uint256 internal immutable _baseAppealCost;
    uint64 public immutable appealWindow;
    /// @notice Seconds from a round's opening after which anyone may close its vote.
    uint64 public immutable votingPeriod;

    Dispute[] internal _disputes;
    /// Per dispute and round: juror → choice + 1 (0: has not voted), choice → votes, voters in order.
    mapping(uint256 disputeID => mapping(uint256 round => mapping(address juror => uint256))) internal _votes;
    mapping(uint256 disputeID => mapping(uint256 round => mapping(uint256 choice => uint256))) internal _counts;
    mapping(uint256 disputeID => mapping(uint256 round => address[])) internal _voters;
    /// @notice Wei each account may withdraw (fee shares and overpayments).
    mapping(address account => uint256) public withdrawable;

    /// @param owner_ who changes the committee and receives the fee of a round nobody voted in
    /// @param jurors_ the first committee (distinct, non-zero)
    /// @param arbitrationCost_ wei to create a dispute
    /// @param baseAppealCost_ wei for the first appeal (it doubles each round)
    /// @param appealWindow_ seconds a ruling can be appealed
    /// @param votingPeriod_ seconds from a round's opening after which its vote may be closed (> 0)
    constructor(
        address owner_,
        address[] memory jurors_,
        uint256 arbitrationCost_,
        uint256 baseAppealCost_,
        uint64 appealWindow_,
        uint64 votingPeriod_
    ) CommitteeJurors(owner_, jurors_) {
        if (votingPeriod_ == 0) revert CommitteeArbitrator__NoVotingPeriod();
        _arbitrationCost = arbitrationCost_;
        _baseAppealCost = baseAppealCost_;
        appealWindow = appealWindow_;
        votingPeriod = votingPeriod_;
    }

    /// @notice Whether an account is in the jury of a dispute's current round.
    function isRoundJuror(uint256 disputeID, address account) external view returns (bool) {
        return wasJuror(account, _dispute(disputeID).jurorEpoch);
    }

    /// @notice How many disputes exist (their ids are 0..count−1).
    function disputeCount() external view returns (uint256) {
        return _disputes.length;
    }

    /// @notice A dispute's state: arbitrable, choices, round, status, ruling so far.
    function dispute(uint256 disputeID) external view returns (Dispute memory) {
        return _dispute(disputeID);
    }

    /// @inheritdoc IArbitrator
    function arbitrationCost(bytes calldata) public view returns (uint256) {
        return _arbitrationCost;
    }

    /// @inheritdoc IArbitrator
    function appealCost(uint256 disputeID, bytes calldata) public view returns (uint256) {
        Dispute storage d = _dispute(disputeID);
        if (d.status != DisputeStatus.Appealable) return type(uint256).max;
        return _baseAppealCost << d.round;
    }

    /// @inheritdoc IArbitrator
    function appealPeriod(uint256 disputeID) external view returns (uint256 start, uint256 end) {
        Dispute storage d = _dispute(disputeID);
        if (d.status != DisputeStatus.Appealable) return (0, 0);
        return (d.appealStart, d.appealEnd);
    }

    /// @inheritdoc IArbitrator
    function disputeStatus(uint256 disputeID) external view returns (DisputeStatus) {
        return _dispute(disputeID).status;
    }

    /// @inheritdoc IArbitrator
    function currentRuling(uint256 disputeID) external view returns (uint256) {
        return _dispute(disputeID).ruling;
    }

    /// @inheritdoc IArbitrator
    function createDispute(uint256 choices, bytes calldata) external payable returns (uint256 disputeID) {
        if (choices == 0 || choices > MAX_CHOICES) revert CommitteeArbitrator__TooFewChoices();
        _take(_arbitrationCost);
        disputeID = _disputes.length;
        Dispute storage d = _disputes.push();
        d.arbitrable = IArbitrable(msg.sender);
        d.choices = uint64(choices);
        _openRound(d, _arbitrationCost);
        emit DisputeCreation(disputeID, IArbitrable(msg.sender));
    }

    /// @notice A vote by a juror of the current round, before its voting period ends; decides the
    ///         round on a majority of its jury, or, when the whole jury has voted, as closeVoting.
    /// @param choice 0 (refuse to arbitrate) to the dispute's number of choices
    function vote(uint256 disputeID, uint256 choice) external {
        Dispute storage d = _dispute(disputeID);
        if (!wasJuror(msg.sender, d.jurorEpoch)) revert CommitteeArbitrator__NotJuror(msg.sender);
        if (d.status != DisputeStatus.Waiting) revert CommitteeArbitrator__NotWaiting(disputeID);
        if (block.timestamp >= d.votingEnd) revert CommitteeArbitrator__VotingEnded(disputeID, d.votingEnd);
        if (choice > d.choices) revert CommitteeArbitrator__InvalidChoice(choice, d.choices);
        uint256 round = d.round;
        if (_votes[disputeID][round][msg.sender] != 0) revert CommitteeArbitrator__AlreadyVoted(disputeID, msg.sender);
        _votes[disputeID][round][msg.sender] = choice + 1;
        uint256 count = ++_counts[disputeID][round][choice];
        _voters[disputeID][round].push(msg.sender);
        emit Vote(disputeID, round, msg.sender, choice);
        if (count * 2 > d.jurorCount) {
            _decide(disputeID, d, choice);
        } else if (_voters[disputeID][round].length == d.jurorCount) {
            _decide(disputeID, d, _plurality(disputeID, d));
        }
    }

    /// @notice After the round's voting period, anyone closes its vote: the ruling is the choice
    ///         with strictly the most votes cast, or 0 on a tie or when nobody voted; the appeal
    ///         period starts.
    function closeVoting(uint256 disputeID) external {
        Dispute storage d = _dispute(disputeID);
        if (d.status != DisputeStatus.Waiting) revert CommitteeArbitrator__NotWaiting(disputeID);
        if (block.timestamp < d.votingEnd) revert CommitteeArbitrator__VotingRunning(disputeID, d.votingEnd);
        _decide(disputeID, d, _plurality(disputeID, d));
    }

    /// @inheritdoc IArbitrator
    function appeal(uint256 disputeID, bytes calldata extraData) external payable {
        Dispute storage d = _dispute(disputeID);
        if (d.status != DisputeStatus.Appealable || block.timestamp >= d.appealEnd) {
            revert CommitteeArbitrator__NotAppealable(disputeID);
        }
        uint256 cost = appealCost(disputeID, extraData);
        _take(cost);
        d.round += 1;
        d.appealStart = 0;
        d.appealEnd = 0;
        _openRound(d, cost);
        emit AppealDecision(disputeID, d.arbitrable);
    }

    /// @notice After the appeal period, makes the ruling final and passes it to the arbitrable contract.
    function executeRuling(uint256 disputeID) external {
        Dispute storage d = _dispute(disputeID);
        if (d.status != DisputeStatus.Appealable) revert CommitteeArbitrator__NotAppealable(disputeID);
        if (block.timestamp < d.appealEnd) revert CommitteeArbitrator__AppealPeriodRunning(disputeID, d.appealEnd);
        d.status = DisputeStatus.Solved;
        d.arbitrable.rule(disputeID, d.ruling);
    }

    /// @notice Withdraws the caller's fee shares and overpayments.
    function withdraw() external {
        uint256 amount = withdrawable[msg.sender];
        if (amount == 0) revert CommitteeArbitrator__NothingToWithdraw(msg.sender);
        withdrawable[msg.sender] = 0;
        emit Withdrawal(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert CommitteeArbitrator__TransferFailed(msg.sender);
    }

    function _dispute(uint256 disputeID) internal view returns (Dispute storage) {
        if (disputeID >= _disputes.length) revert CommitteeArbitrator__NoSuchDispute(disputeID);
        return _disputes[disputeID];
    }

    /// Takes `cost` from msg.value; the rest is withdrawable by the payer.
    function _take(uint256 cost) internal {
        if (msg.value < cost) revert CommitteeArbitrator__Underpaid(msg.value, cost);
        if (msg.value > cost) withdrawable[msg.sender] += msg.value - cost;
    }

    /// A new voting round: the current committee is its jury, the fee is paid for it.
    function _openRound(Dispute storage d, uint256 fee) internal {
        d.status = DisputeStatus.Waiting;
        d.jurorCount = uint64(_jurors.length);
        d.jurorEpoch = jurorEpoch;
        d.votingEnd = uint64(block.timestamp) + votingPeriod;
        d.roundFee = fee;
    }

    /// The choice with strictly the most votes in the current round; 0 on a tie or no vote.
    function _plurality(uint256 disputeID, Dispute storage d) internal view returns (uint256 ruling) {
        mapping(uint256 choice => uint256) storage counts = _counts[disputeID][d.round];
        uint256 most = 0;
        bool tie = false;
        for (uint256 choice = 0; choice <= d.choices; choice++) {
            uint256 count = counts[choice];
            if (count > most) {
                (ruling, most, tie) = (choice, count, false);
            } else if (count == most && count > 0) {
                tie = true;
            }
        }
        return tie ? 0 : ruling;
    }

    function _decide(uint256 disputeID, Dispute storage d, uint256 ruling) internal {
        d.ruling = ruling;
        d.status = DisputeStatus.Appealable;
        d.appealStart = uint64(block.timestamp);
        d.appealEnd = uint64(block.timestamp) + appealWindow;
        address[] storage voters = _voters[disputeID][d.round];
        if (voters.length == 0) {
            withdrawable[owner()] += d.roundFee;
        } else {
            uint256 share = d.roundFee / voters.length;
            for (uint256 i = 0; i < voters.length; i++) {
                withdrawable[voters[i]] += share;
            }
            withdrawable[voters[0]] += d.roundFee - share * voters.length;
        }
        d.roundFee = 0;
        emit AppealPossible(disputeID, d.arbitrable);
    }
}
