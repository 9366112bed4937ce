// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IArbitrable} from "./IArbitrable.sol";
import {IArbitrator} from "./IArbitrator.sol";

/// @title CommitteeArbitrator
/// @notice An ERC-792 arbitrator for self-hosting and local use: a fixed committee of N jurors
///         votes on each dispute, and a choice that more than half of them vote for is the
///         ruling (when every juror has voted without a majority, the ruling is 0, "refuse to
///         arbitrate"). A ruling can be appealed during the appeal period by paying the appeal
///         cost, which doubles with each round; the committee then votes again. When the period
///         ends unappealed, anyone executes the ruling, which calls the arbitrable contract.
///         Each round's fee is shared among the jurors who voted in it; shares and overpayments
///         are withdrawn (pull payments), so the contract's balance always equals the fees of
///         undecided rounds plus what is withdrawable.
contract CommitteeArbitrator is IArbitrator {
    struct Dispute {
        IArbitrable arbitrable;
        uint64 choices;
        uint64 round;
        DisputeStatus status;
        uint256 ruling;
        uint64 appealEnd;
        uint64 appealStart;
        /// Fee paid for the current round, shared among its voters when it is decided.
        uint256 roundFee;
    }

    error CommitteeArbitrator__NoJurors();
    error CommitteeArbitrator__DuplicateJuror(address juror);
    error CommitteeArbitrator__TooFewChoices();
    error CommitteeArbitrator__Underpaid(uint256 paid, uint256 cost);
    error CommitteeArbitrator__NoSuchDispute(uint256 disputeID);
    error CommitteeArbitrator__NotJuror(address account);
    error CommitteeArbitrator__NotWaiting(uint256 disputeID);
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

    address[] internal _jurors;
    mapping(address juror => bool) public isJuror;
    Dispute[] internal _disputes;
    /// Per dispute and round: juror → choice + 1 (0: has not voted), choice → votes, voters in order.
    mapping(uint256 disputeID => mapping(uint256 round => mapping(address juror => uint256))) internal _votes;
    mapping(uint256 disputeID => mapping(uint256 round => mapping(uint256 choice => uint256))) internal _counts;
    mapping(uint256 disputeID => mapping(uint256 round => address[])) internal _voters;
    /// @notice Wei each account may withdraw (fee shares and overpayments).
    mapping(address account => uint256) public withdrawable;

    /// @param jurors_ the committee
    /// @param arbitrationCost_ wei to create a dispute
    /// @param baseAppealCost_ wei for the first appeal (it doubles each round)
    /// @param appealWindow_ seconds a ruling can be appealed
    constructor(address[] memory jurors_, uint256 arbitrationCost_, uint256 baseAppealCost_, uint64 appealWindow_) {
        if (jurors_.length == 0) revert CommitteeArbitrator__NoJurors();
        for (uint256 i = 0; i < jurors_.length; i++) {
            if (isJuror[jurors_[i]]) revert CommitteeArbitrator__DuplicateJuror(jurors_[i]);
            isJuror[jurors_[i]] = true;
        }
        _jurors = jurors_;
        _arbitrationCost = arbitrationCost_;
        _baseAppealCost = baseAppealCost_;
        appealWindow = appealWindow_;
    }

    /// @notice The committee.
    function jurors() external view returns (address[] memory) {
        return _jurors;
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
        _disputes.push(
            Dispute({
                arbitrable: IArbitrable(msg.sender),
                choices: uint64(choices),
                round: 0,
                status: DisputeStatus.Waiting,
                ruling: 0,
                appealEnd: 0,
                appealStart: 0,
                roundFee: _arbitrationCost
            })
        );
        emit DisputeCreation(disputeID, IArbitrable(msg.sender));
    }

    /// @notice A juror's vote in the current round; decides the round on a majority, or when
    ///         every juror has voted.
    /// @param choice 0 (refuse to arbitrate) to the dispute's number of choices
    function vote(uint256 disputeID, uint256 choice) external {
        Dispute storage d = _dispute(disputeID);
        if (!isJuror[msg.sender]) revert CommitteeArbitrator__NotJuror(msg.sender);
        if (d.status != DisputeStatus.Waiting) revert CommitteeArbitrator__NotWaiting(disputeID);
        if (choice > d.choices) revert CommitteeArbitrator__InvalidChoice(choice, d.choices);
        uint256 round = d.round;
        if (_votes[disputeID][round][msg.sender] != 0) revert CommitteeArbitrator__AlreadyVoted(disputeID, msg.sender);
        _votes[disputeID][round][msg.sender] = choice + 1;
        uint256 count = ++_counts[disputeID][round][choice];
        _voters[disputeID][round].push(msg.sender);
        emit Vote(disputeID, round, msg.sender, choice);
        if (count * 2 > _jurors.length) {
            _decide(disputeID, d, choice);
        } else if (_voters[disputeID][round].length == _jurors.length) {
            _decide(disputeID, d, 0);
        }
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
        d.status = DisputeStatus.Waiting;
        d.roundFee = cost;
        d.appealStart = 0;
        d.appealEnd = 0;
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

    function _decide(uint256 disputeID, Dispute storage d, uint256 ruling) internal {
        d.ruling = ruling;
        d.status = DisputeStatus.Appealable;
        d.appealStart = uint64(block.timestamp);
        d.appealEnd = uint64(block.timestamp) + appealWindow;
        address[] storage voters = _voters[disputeID][d.round];
        uint256 share = d.roundFee / voters.length;
        for (uint256 i = 0; i < voters.length; i++) {
            withdrawable[voters[i]] += share;
        }
        withdrawable[voters[0]] += d.roundFee - share * voters.length;
        d.roundFee = 0;
        emit AppealPossible(disputeID, d.arbitrable);
    }
}
